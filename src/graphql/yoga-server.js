// graphql-yoga's type declarations bring in the DOM library (through @whatwg-node/fetch), whose globals clash with the
// Workers types this project compiles against; so the app imports Yoga through this module, typed by
// yoga-server.d.ts with the part of Yoga's options it uses.
export { createYoga } from "graphql-yoga";
