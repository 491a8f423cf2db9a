// How objects are named, for the Worker's stubs and for objects calling each other. The project id
// is part of every name, so an id presented under another project reaches another, empty object.

export const sessionObjectName = (projectId: string, sessionId: string) => `${projectId}/${sessionId}`;
export const streamObjectName = (projectId: string, path: string) => `${projectId}/${path}`;
