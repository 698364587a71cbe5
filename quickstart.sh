#!/usr/bin/env bash
# One-command quickstart, no Docker: Kafka (KRaft), Apicurio Registry, a Connect worker with the packaged plugin,
# the Metronome emulator with demo data, both connectors from config/, demo commands, records printed until Ctrl-C.
# With METRONOME_API_URL and METRONOME_API_TOKEN set it talks to that Metronome instead of the emulator.
# Options: see `./quickstart.sh --help` (e.g. --until-complete, --work-dir <dir>).
set -euo pipefail
cd "$(dirname "$0")"

target=quickstart/target
if [[ ! -f $target/metronome-quickstart.jar || ! -d $target/lib || ! -d $target/plugin || ! -d $target/apicurio ]]; then
  echo "Building (first run only): mvn -B -q -DskipTests package"
  mvn -B -q -DskipTests package
fi

exec java -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$target/metronome-quickstart.jar:$target/lib/*" \
  io.kafkaconnect.metronome.quickstart.Quickstart "$@"
