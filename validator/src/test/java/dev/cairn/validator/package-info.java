/** Tests of the validator: which context commits a store keeps. */
package dev.cairn.validator;
