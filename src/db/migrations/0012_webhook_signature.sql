-- How a webhook's deliveries are signed: 'gateway' (X-Gateway-Signature, the gateway's body) or
-- 'flamecast' (X-Flamecast-Signature over @flamecast/protocol's WebhookPayload). Existing rows keep 'gateway'.
ALTER TABLE webhooks ADD COLUMN signature TEXT NOT NULL DEFAULT 'gateway' CHECK (signature IN ('gateway', 'flamecast'));
