import { config } from "zod/mini";
import en from "zod/v4/locales/en.js";

/**
 * zod's English messages ("Too small: expected string to have >=1 characters"), which only its
 * full build installs by itself. Every module of shared rules that builds schemas with zod/mini
 * imports this first, and the API's modules through src/api/openapi.ts: a default message reads as
 * it did when the API ran on the full build.
 */
config(en());
