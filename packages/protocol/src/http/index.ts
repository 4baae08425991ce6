// HTTP/1.1 as both programs read it: the server's request parser (the http mode), the client's
// response reader (its http screen). What the server answers lives in packages/server/src/http/.

export * from "./parser.ts";
export * from "./responseReader.ts";
