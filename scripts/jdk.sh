# Sourced by the run and test scripts: makes JAVA_HOME point at a JDK 21 or newer.
# Keeps JAVA_HOME (or the java on PATH) when it is new enough; otherwise takes the newest JDK 21+
# found under /usr/lib/jvm, /opt/java or ~/.sdkman.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1 | cut -d. -f1
}

choose_jdk() {
  local candidate
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(java_major "$JAVA_HOME/bin/java")" -ge 21 ] 2>/dev/null; then
    return 0
  fi
  if command -v java >/dev/null 2>&1 && [ "$(java_major java)" -ge 21 ] 2>/dev/null; then
    candidate=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    export JAVA_HOME="$candidate"
    return 0
  fi
  local best="" best_major=0 major
  for candidate in /usr/lib/jvm/* /opt/java/* "$HOME"/.sdkman/candidates/java/*; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    echo "Project Chat needs a JDK 21 or newer; set JAVA_HOME to one." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}

choose_jdk
export PATH="$JAVA_HOME/bin:$PATH"
