#!/usr/bin/env bash
# Prepares, on a development machine, everything benchmarks/device-run.sh needs on a lent GPU machine (which has
# CUDA, PyTorch and transformers, but no Java, Maven or network), so that nothing is built there:
#   target/circuitlens.jar            the shaded jar (JCuda natives included, PTX in the resources)   mvn package
#   target/test-classes               GpuParityTest, GpuKernelsTest, BackendsTest and their helpers    mvn package
#   .device/jre.tar.xz, .device/run.sh a Java 25 runtime and its launcher       ../shared/device/pack-java.sh
#   .device/lib/libcublas.so.12       the cuBLAS 13 compat library (JCublas2 needs libcublas.so.12)  kernels/compat/build.sh
#   .device/junit-console.jar         the JUnit console launcher (runs the tests without Maven)       mvn dependency:copy
#   .device/classes                   BackendLogits and DeviceSpeed (benchmarks/src/main/java/...)    javac
# Then call the device tool from the repository root with
#   command: benchmarks/device-run.sh      carry: [".device", "target/circuitlens.jar", "target/test-classes"]
#   timeout_s: 540 (the run is planned for under 8 minutes)
# About 40 MB travel (the runtime is 20 MB); the limit is 64 MB with the working tree.
# Usage: benchmarks/device-prepare.sh    (needs JDK 25, Maven, gcc; Maven Central once for the console launcher)
set -euo pipefail
root=$(git rev-parse --show-toplevel)
cd "$root"
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
junit_platform=1.14.4 # the platform release of junit-jupiter 5.14.4 (pom.xml's junit.version)

mvn -q -B -DskipTests package
mkdir -p .device/lib .device/classes

# pack-java.sh writes .device/ at the root of the git checkout it runs in and adds it to .git/info/exclude, which a
# git worktree (.git is a file) does not have: run it in a scratch repository and take its .device/
if [ ! -f .device/jre.tar.xz ] || [ ! -x .device/run.sh ]; then
    pack=""
    for d in ../shared ../../shared; do
        if [ -x "$d/device/pack-java.sh" ]; then pack="$(cd "$d/device" && pwd)/pack-java.sh"; break; fi
    done
    if [ -z "$pack" ]; then echo "device-prepare: ../shared/device/pack-java.sh not found" >&2; exit 1; fi
    scratch=$(mktemp -d)
    git -C "$scratch" init -q
    (cd "$scratch" && JDK="$JAVA_HOME" "$pack" >/dev/null)
    cp "$scratch/.device/jre.tar.xz" "$scratch/.device/run.sh" .device/
    rm -rf "$scratch"
fi

kernels/compat/build.sh .device/lib
mvn -q -B dependency:copy -Dartifact=org.junit.platform:junit-platform-console-standalone:$junit_platform \
    -DoutputDirectory=.device -Dmdep.stripVersion=true
mv .device/junit-platform-console-standalone.jar .device/junit-console.jar

rm -rf .device/classes && mkdir -p .device/classes
bench=benchmarks/src/main/java/io/circuitlens/bench
"$JAVA_HOME/bin/javac" --add-modules jdk.incubator.vector -nowarn -d .device/classes -cp target/circuitlens.jar \
    "$bench/BackendLogits.java" "$bench/DeviceSpeed.java" "$bench/RandomGpt2.java" "$bench/IoiShapedPairs.java"

du -shc .device target/circuitlens.jar target/test-classes
