# Sourced by the bin/ commands: installs the compilers the tests use when they are missing
# (Debian/Ubuntu, as root) and selects JDK 25. Safe to run again.

compat32_need_packages() {
  local missing=()
  command -v gcc >/dev/null || missing+=(gcc)
  [ -e /usr/lib32/libc.so ] || [ -e /usr/lib/i386-linux-gnu/libc.so ] || missing+=(gcc-multilib)
  command -v clang >/dev/null || missing+=(clang)
  [ -d /usr/aarch64-linux-gnu/include/linux ] || missing+=(linux-libc-dev-arm64-cross)
  [ -e /usr/aarch64-linux-gnu/include/stdio.h ] || missing+=(libc6-dev-arm64-cross)
  command -v qemu-i386 >/dev/null || missing+=(qemu-user)
  echo "${missing[@]}"
}

compat32_setup() {
  local missing
  missing=$(compat32_need_packages)
  if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "compat32: installing $missing" >&2
      apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >&2
    else
      echo "compat32: missing $missing; checks that need them are skipped (install them as root to enable)" >&2
    fi
  fi
  if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[5-9]|[3-9][0-9])'; then
    for candidate in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-arm64; do
      if [ -x "$candidate/bin/java" ]; then
        export JAVA_HOME="$candidate"
        break
      fi
    done
  fi
  if [ -z "${JAVA_HOME:-}" ]; then
    echo "compat32: JDK 25 not found; set JAVA_HOME to a JDK 25" >&2
    return 1
  fi
  export PATH="$JAVA_HOME/bin:$PATH"
}
