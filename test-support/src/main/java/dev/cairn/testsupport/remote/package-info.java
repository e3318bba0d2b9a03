/**
 * Real servers on 127.0.0.1 for tests and benchmarks of remote sources: an HTTP(S) file server
 * with ranges and injected faults ({@link dev.cairn.testsupport.remote.HttpFileServer}), and
 * gaul's s3proxy on a filesystem blob store ({@link dev.cairn.testsupport.remote.S3Server}).
 */
package dev.cairn.testsupport.remote;
