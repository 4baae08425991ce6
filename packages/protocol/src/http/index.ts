// HTTP/1.1 for the http mode: the request parser, prepared responses, and the pages served.

export * from "./pages.ts";
export * from "./parser.ts";
export * from "./response.ts";
