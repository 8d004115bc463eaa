import { config } from "zod/mini";
import en from "zod/v4/locales/en.js";

/**
 * zod's English messages ("Too small: expected string to have >=1 characters"), which only its
 * full build installs by itself. Every module that builds schemas with zod/mini imports this
 * first, so a default message reads the same whichever zod build a Worker carries.
 */
config(en());
