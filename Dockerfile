# syntax=docker/dockerfile:1
# The driftgate image every compose service shares (CLI, gateway, simulator, migration), and the Flink
# job image (the shaded job jar in a Flink image). Multi-stage: Maven builds, the runtime has a JRE only.

FROM maven:3.9.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# -DskipTests: the tests ran in CI; -pl cli -am builds every module the CLI needs, plus the job jar
RUN mvn -B -q -DskipTests package -pl cli,flink-jobs,ingress-gateway -am \
 && mkdir -p /out/lib \
 && cp */target/*-0.1.0-SNAPSHOT.jar /out/lib/ \
 && mvn -B -q -pl cli dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=/out/lib \
 && cp flink-jobs/target/driftgate-flink-job.jar /out/driftgate-flink-job.jar

FROM eclipse-temurin:17.0.13_11-jre AS runtime
RUN groupadd --system driftgate && useradd --system --gid driftgate --home-dir /app driftgate
WORKDIR /app
COPY --from=build /out/lib /app/lib
COPY config /app/config
COPY data /app/data
COPY ingress-gateway/target /app/ingress-gateway/target
ENV DRIFTGATE_HOME=/app/state
RUN mkdir -p /app/state && chown -R driftgate:driftgate /app/state
USER driftgate
ENTRYPOINT ["java", "-cp", "/app/lib/*", "dev.driftgate.cli.DriftgateCli"]
CMD ["--help"]

# The streaming job for the Flink cluster: the submitter runs `flink run` with it.
FROM flink:2.2.0-scala_2.12-java17 AS flink-job
COPY --from=build /out/driftgate-flink-job.jar /opt/flink/usrlib/driftgate-flink-job.jar
COPY config /opt/driftgate/config
