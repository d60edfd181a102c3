# bench/lib.sh — shared pieces of the benchmark scripts, sourced by
# bench/*/run and bench/units-vs-nginx after they set `tmp` and `fail`:
#
#   rss_watch PID / rss_peak   the server's peak VmRSS while wrk runs
#   pg_copy_cached DB          a PostgreSQL 15 copy of a generated SQLite
#                              file (trogiup migrate-store), kept beside it
#   pg_start DIR / pg_stop     a cluster on such a data directory, tuned
#                              for the benchmark machine (see PG_SETTINGS)
#
# The clusters are PostgreSQL 15 from Debian, run as the `postgres` account
# when the script runs as root (as scripts/pg-cluster), on a free port of
# 127.0.0.1 with trust authentication for 127.0.0.1 only; fsync stays on
# (these are timings of a durable store).

# shellcheck shell=bash disable=SC2154 # tmp, BIN and fail: set by the sourcing script
PG_BIN=/usr/lib/postgresql/15/bin

# Settings for a 2-core, 24 GB machine that also runs trogiup and wrk: a
# quarter of the memory as shared buffers (the 10 M database is ~8 GB, the
# rest comes from the OS cache), per-sort memory that lets the dashboard's
# and the list's sorts stay in memory at a handful of connections, random
# reads priced as on SSD, large WAL between checkpoints so a migrate-store
# COPY does not checkpoint every few seconds, and no JIT (it compiles
# every plan whose estimated cost crosses jit_above_cost, which can take
# longer than the queries of an API request).
PG_SETTINGS=(
	-c shared_buffers=6GB -c effective_cache_size=16GB
	-c work_mem=32MB -c maintenance_work_mem=1GB
	-c random_page_cost=1.1 -c effective_io_concurrency=200
	-c max_wal_size=16GB -c checkpoint_timeout=30min
	-c wal_level=minimal -c max_wal_senders=0
	-c jit=off -c max_connections=200
)

as_pg_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

pg_dir=
# pg_init DIR → a new cluster in DIR/data (DIR must be reachable by the
# postgres account: not under a mode-700 directory)
pg_init() {
	mkdir -p "$1"
	chmod 755 "$1"
	if [ "$(id -u)" -eq 0 ]; then chown postgres: "$1"; fi
	as_pg_owner "$PG_BIN/initdb" -D "$1/data" -U trogiup -A trust \
		--locale=C --encoding=UTF8 >"$1/initdb.log" 2>&1 \
		|| { cat "$1/initdb.log" >&2; fail "initdb failed"; }
}

# pg_create NAME → a database with the collation the store requires
pg_create() {
	psql "${PG_URL}postgres" -qAt -v ON_ERROR_STOP=1 -c "CREATE DATABASE $1 TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C' ENCODING 'UTF8'" \
		|| fail "CREATE DATABASE $1 failed"
}

# pg_start DIR → starts the cluster whose data directory is DIR/data on a
# free port; sets PG_URL (postgres://trogiup@127.0.0.1:PORT/)
pg_start() {
	local dir port
	dir=$(realpath "$1")
	port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
	as_pg_owner "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 300 start \
		-o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir ${PG_SETTINGS[*]}" \
		>/dev/null || { tail -n 20 "$dir/server.log" >&2; fail "PostgreSQL did not start"; }
	pg_dir=$dir
	PG_URL="postgres://trogiup@127.0.0.1:$port/"
}

# pg_pids → the running cluster's postmaster and its children (backends
# included), to add the database's CPU to the server's
pg_pids() {
	[ -n "$pg_dir" ] || return 0
	local pm
	pm=$(head -n 1 "$pg_dir/data/postmaster.pid")
	echo "$pm" $(pgrep -P "$pm")
}

pg_stop() {
	[ -n "$pg_dir" ] || return 0
	as_pg_owner "$PG_BIN/pg_ctl" -D "$pg_dir/data" -m fast -w -t 120 stop >/dev/null 2>&1 || true
	pg_dir=
}

# pg_copy_cached DB → DB.pg/ holds a cluster whose database `trogiup` is
# DB copied by `trogiup migrate-store`, then VACUUM ANALYZE (a COPY leaves
# no statistics and no visibility map); made once, marked DB.pg/done, and
# remade when DB's own mark or a PostgreSQL migration is newer.  The
# mark records how long the copy and the VACUUM took, and the size.
pg_copy_cached() {
	local db=$1 dir=$1.pg t0 t1
	if [ -f "$dir/done" ] && [ "$dir/done" -nt "$db.done" ] &&
		[ -z "$(find src/store/migrations/pg -newer "$dir/done" -name '*.sql')" ]; then
		return 0
	fi
	rm -rf "$dir"
	pg_init "$dir"
	pg_start "$dir"
	pg_create trogiup
	echo "data:    copying $db into PostgreSQL ($dir) by trogiup migrate-store" >&2
	t0=$(date +%s.%N)
	"$BIN" migrate-store --from "$db" --to "${PG_URL}trogiup" >"$tmp/migrate.log" 2>&1 \
		|| { tail -n 20 "$tmp/migrate.log" >&2; fail "migrate-store failed"; }
	t1=$(date +%s.%N)
	psql "${PG_URL}trogiup" -qAt -v ON_ERROR_STOP=1 -c 'VACUUM ANALYZE' >/dev/null || fail "VACUUM ANALYZE failed"
	local t2
	t2=$(date +%s.%N)
	pg_stop
	awk -v a="$t0" -v b="$t1" -v c="$t2" \
		'BEGIN { printf "migrate-store: %.0f s, VACUUM ANALYZE: %.0f s\n", b - a, c - b }' >"$dir/done"
	echo "size: $(du -sh "$dir/data" | cut -f1) of data directory" >>"$dir/done"
}

rss_pid=
rss_file=
# rss_watch PID → samples PID's VmRSS every 0.2 s into $tmp/rss until
# rss_peak; rss_peak prints the highest sample in MiB
rss_watch() {
	rss_file=$tmp/rss.$1
	: >"$rss_file"
	(
		while [ -r "/proc/$1/status" ]; do
			awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null >>"$rss_file" || break
			sleep 0.2
		done
	) &
	rss_pid=$!
}
rss_peak() {
	[ -n "$rss_pid" ] && { kill "$rss_pid" 2>/dev/null || true; wait "$rss_pid" 2>/dev/null || true; }
	rss_pid=
	sort -n "$rss_file" | tail -n 1 | awk '{printf "%.0f MiB", $1 / 1024}'
}
