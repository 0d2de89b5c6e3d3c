/**
 * The package's own files, by path relative to the package root, when they are built into the
 * single executable: the executable's bundler replaces this module with one that holds them
 * all (src/build/bundle.ts). In a source checkout and an installed package it stays undefined
 * and the files are read from disk.
 */
export const EMBEDDED_FILES: Readonly<Record<string, string>> | undefined = undefined;
