// HTTP/1.1 for the http mode: the request parser, prepared responses, the pages served, and the
// answer to each request.

export * from "./answer.ts";
export * from "./pages.ts";
export * from "./parser.ts";
export * from "./response.ts";
