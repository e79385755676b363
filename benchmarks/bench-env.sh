# Sourced by the run-*.sh scripts: the Java 25 and Python to use, the thread count, the benchmark jar (built here),
# and a header line with the date, CPU and load. Expects $out (the results folder) to be set by the caller.
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export JAVA_HOME=${CIRCUITLENS_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
java="$JAVA_HOME/bin/java"
python=${PYTHON:-python3}
threads=$(nproc)
jar="$here/target/benchmarks.jar"
echo "== $(date -u '+%Y-%m-%d %H:%M UTC'); $(lscpu | sed -n 's/^Model name: *//p'), $threads cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
(cd "$here" && mvn -q -B package -DskipTests)
rm -rf "$out" && mkdir -p "$out"
