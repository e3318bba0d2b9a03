package dev.cairn.snapshot;

import dev.cairn.testsupport.remote.S3Server;

/** The test S3 server's keys, where the AWS SDK's default chain finds them first. */
final class S3Credentials {

  private S3Credentials() {}

  static void set() {
    System.setProperty("aws.accessKeyId", S3Server.ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", S3Server.SECRET_KEY);
  }

  static void clear() {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }
}
