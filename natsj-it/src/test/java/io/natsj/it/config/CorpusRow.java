package io.natsj.it.config;

import java.nio.file.Path;

/**
 * One configuration file to check.
 *
 * @param file relative to the working directory both servers run in, as a user would name it
 */
record CorpusRow(String name, Path file, Verdict expected) {
}
