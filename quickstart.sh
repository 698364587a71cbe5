#!/usr/bin/env bash
# One-command quickstart, no Docker: Kafka (KRaft), Apicurio Registry, a Connect worker with the packaged plugin,
# the Metronome emulator with demo data, the three connectors from config/, demo usage events and commands,
# records printed until Ctrl-C.
# With METRONOME_API_URL and METRONOME_API_TOKEN set it talks to that Metronome instead of the emulator.
# Options: see `./quickstart.sh --help` (e.g. --until-complete, --work-dir <dir>, --warehouse).
set -euo pipefail
cd "$(dirname "$0")"

target=quickstart/target
missing=
if [[ ! -f $target/metronome-quickstart.jar || ! -d $target/lib || ! -d $target/plugin || ! -d $target/apicurio ]]; then
  missing=yes
fi
# --warehouse also runs Apache Iceberg's sink from warehouse/target (its plugin directory and the table reader).
for arg in "$@"; do
  if [[ $arg == --warehouse && ( ! -d warehouse/target/iceberg-plugins/iceberg-kafka-connect || ! -f warehouse/target/metronome-warehouse.jar ) ]]; then
    missing=yes
  fi
done
if [[ -n $missing ]]; then
  echo "Building (first run only): mvn -B -q -DskipTests package"
  mvn -B -q -DskipTests package
fi

exec java -Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$target/metronome-quickstart.jar:$target/lib/*" \
  io.kafkaconnect.metronome.quickstart.Quickstart "$@"
