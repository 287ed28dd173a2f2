package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.example.mydev.compat.MydevStats;
import org.junit.jupiter.api.Test;

class MydevTest {
  @Test
  void sizesAreTheCompilers() {
    // gcc -m32: timeval 8 + long 4 + __u64 8 (4-aligned); gcc -m64: 16 + 8 + 8
    assertEquals(20L, MydevStats.GUEST_SIZE);
    assertEquals(32L, MydevStats.HOST_SIZE);
  }
}
