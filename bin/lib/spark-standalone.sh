# Sourced by bin/cluster-test and bin/cluster-bench: a Spark standalone master and one worker on
# this machine, from the Maven jars (no Spark distribution). The caller sets java17, pids (an
# array the caller's cleanup kills) and fail.

# start_standalone WORK PORT CORES MEMORY: master on 127.0.0.1:PORT, a worker with CORES and
# MEMORY; logs and the worker's directory under WORK; exports SPARK_HOME for spark-submit.
start_standalone() {
  local work="$1" port="$2" cores="$3" memory="$4" home
  home="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  local spark_home="$work/spark-home"
  mkdir -p "$spark_home"
  ln -s "$home/jobs/target/lib" "$spark_home/jars"
  export SPARK_HOME="$spark_home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 JAVA_HOME="$java17"
  "$java17/bin/java" -cp "$spark_home/jars/*" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port 0 \
    > "$work/master.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 60); do grep -q "I have been elected leader" "$work/master.log" && break; sleep 1; done
  "$java17/bin/java" -cp "$spark_home/jars/*" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores "$cores" --memory "$memory" --webui-port 0 \
    --work-dir "$work/worker" "spark://127.0.0.1:$port" > "$work/worker.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 60); do grep -q "Successfully registered with master" "$work/worker.log" && break; sleep 1; done
  grep -q "Successfully registered with master" "$work/worker.log" || fail "the Spark worker did not register; see $work/worker.log"
}
