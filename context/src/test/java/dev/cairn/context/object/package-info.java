/** Property tests of the object encodings and the step index. */
package dev.cairn.context.object;
