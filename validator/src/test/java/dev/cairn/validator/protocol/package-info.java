/** Property and fuzz tests of protocol files. */
package dev.cairn.validator.protocol;
