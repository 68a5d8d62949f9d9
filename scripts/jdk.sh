# shellcheck shell=bash
# Find a JDK that can build and run chainrule (Java 21 or newer). Sourced by ./chainrule,
# ./scripts/test and .ci/run, so all three pick the same JDK:
#   1. $JAVA_HOME, if it is a JDK (has bin/javac) of version 21 or newer;
#   2. otherwise the newest such JDK under /usr/lib/jvm (override with CHAINRULE_JVM_DIR).
#
#   chainrule_use_jdk     exports JAVA_HOME and PATH (and quiets Maven on JDK 24+); returns 1 with a
#                         message on stderr when no JDK fits
#   chainrule_find_jdk    prints the chosen JDK's directory
#   chainrule_jdk_major   DIR: prints the feature version of the JDK in DIR (17, 21, 25, …)

CHAINRULE_MIN_JAVA=21

chainrule_jdk_version() {
    # JAVA_VERSION from the JDK's release file: "25.0.3", "21", "1.8.0_392", "26-ea".
    local dir=$1 line
    [[ -f "$dir/release" ]] || return 1
    line=$(grep -m1 '^JAVA_VERSION=' "$dir/release") || return 1
    line=${line#JAVA_VERSION=}
    line=${line//\"/}
    [[ -n "$line" ]] || return 1
    printf '%s\n' "$line"
}

chainrule_jdk_major() {
    local version major
    version=$(chainrule_jdk_version "$1") || return 1
    if [[ $version == 1.* ]]; then version=${version#1.}; fi
    major=${version%%[!0-9]*}
    [[ -n "$major" ]] || return 1
    printf '%s\n' "$major"
}

# A directory is usable when it holds java and javac of version >= 21.
chainrule_jdk_usable() {
    local dir=$1 major
    [[ -x "$dir/bin/java" && -x "$dir/bin/javac" ]] || return 1
    major=$(chainrule_jdk_major "$dir") || return 1
    ((major >= CHAINRULE_MIN_JAVA))
}

chainrule_find_jdk() {
    if [[ -n "${JAVA_HOME:-}" ]] && chainrule_jdk_usable "$JAVA_HOME"; then
        printf '%s\n' "${JAVA_HOME%/}"
        return 0
    fi
    local root=${CHAINRULE_JVM_DIR:-/usr/lib/jvm} dir real best="" best_version="" version
    local -A seen=()
    for dir in "$root"/*/; do
        dir=${dir%/}
        [[ -d "$dir" ]] || continue
        real=$(readlink -f "$dir")
        [[ -z "${seen[$real]:-}" ]] || continue
        seen[$real]=1
        chainrule_jdk_usable "$dir" || continue
        version=$(chainrule_jdk_version "$dir")
        # Newest wins: compare versions the way `sort -V` orders them.
        if [[ -z "$best" || "$(printf '%s\n%s\n' "$best_version" "$version" | sort -V | tail -n1)" == "$version" && "$version" != "$best_version" ]]; then
            best=$dir
            best_version=$version
        fi
    done
    if [[ -n "$best" ]]; then
        printf '%s\n' "$best"
        return 0
    fi
    {
        echo "chainrule: no JDK $CHAINRULE_MIN_JAVA or newer found."
        if [[ -n "${JAVA_HOME:-}" ]]; then
            local have
            have=$(chainrule_jdk_version "$JAVA_HOME" 2>/dev/null || echo "no JDK")
            echo "  JAVA_HOME=$JAVA_HOME ($have) is too old or not a JDK,"
        fi
        echo "  and no JDK $CHAINRULE_MIN_JAVA+ (with bin/javac) is under $root."
        echo "  Install one (e.g. Temurin 21 or 25) and set JAVA_HOME to it."
    } >&2
    return 1
}

chainrule_use_jdk() {
    local jdk
    jdk=$(chainrule_find_jdk) || return 1
    export JAVA_HOME=$jdk
    case ":$PATH:" in
        *":$JAVA_HOME/bin:"*) ;;
        *) export PATH="$JAVA_HOME/bin:$PATH" ;;
    esac
    # Maven 3.8's bundled Guava calls sun.misc.Unsafe, which JDK 24+ warns about on every build.
    local major
    major=$(chainrule_jdk_major "$JAVA_HOME")
    if ((major >= 24)) && [[ "${MAVEN_OPTS:-}" != *sun-misc-unsafe-memory-access* ]]; then
        export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
    fi
}
