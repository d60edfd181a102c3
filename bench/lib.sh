# bench/lib.sh — shared pieces of the benchmark scripts, sourced by
# bench/*/run and bench/units-vs-nginx after they set `tmp` and `fail`:
#
#   rss_watch PID / rss_peak   the server's peak VmRSS while wrk runs
#   bench_data CASES SEED NOW  the generated data set of the case list and
#                              the dashboard (one file for both), cached
#   pg_copy_cached DB          a PostgreSQL 15 copy of a generated SQLite
#                              file (trogiup migrate-store), kept beside it
#   pg_start DIR / pg_stop     a cluster on such a data directory, tuned
#                              for the benchmark machine (see PG_SETTINGS)
#
# The clusters are PostgreSQL 15 from Debian, run as the `postgres` account
# when the script runs as root (as scripts/pg-cluster), on a free port of
# 127.0.0.1 with trust authentication for 127.0.0.1 only; fsync stays on
# (these are timings of a durable store).

# shellcheck shell=bash disable=SC2154 # tmp, BIN, GEN, SHARED and fail: set by the sourcing script
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

# bench_data CASES SEED NOW → sets `db` to the data set of bench/cases/run
# and bench/indicators/run: `trogiup init`, then `trogiup-gen` in its
# national mode (people, cases of every type with their histories, the
# network, the indicator sums) with that seed and a fixed present NOW
# (YYYY-MM-DDTHH:MM:SSZ), so the same inputs give the same file byte for
# byte.  Cached as build/bench/data/sSEED-nCASES-HASH.db, HASH
# covering what shapes the file (the migrations, the generator's sources
# and the present): both scripts, and both stores through pg_copy_cached,
# use the one file, so a cold `make bench` generates and copies once.
# Marked DB.done (the generator's summary, the wall time, the size); a
# file without its mark is half made and is made again.  Older shapes of
# the same seed and size are removed when a new one is made (GBs each).
bench_data() {
	local cases=$1 seed=$2 now=$3
	local dir=build/bench/data shape t0 t1 lock
	shape=$( (cat src/store/migrations/*.sql bench/gen/*.c bench/gen/*.h \
		src/cli/casegen.c src/cli/casegen.h && echo "now $now") | sha1sum | cut -c1-8)
	db=$dir/s$seed-n$cases-$shape.db
	mkdir -p "$dir"
	# one generation at a time (two scripts started together wait here)
	exec {lock}>"$dir/.lock"
	flock "$lock"
	if [ -f "$db.done" ]; then
		flock -u "$lock"
		echo "data:    $db (cached)"
		return 0
	fi
	rm -rf "$dir/s$seed-n$cases-"*
	echo "data:    generating $cases cases (national mode, seed $seed, now $now) into $db"
	t0=$(date +%s.%N)
	TROGIUP_SHARED=$SHARED "$BIN" init --db "$db" >"$tmp/init.log" 2>&1 \
		|| { cat "$tmp/init.log" >&2; fail "init failed"; }
	# the store logs its slow statements on stderr: kept for a failure
	"$GEN" --db "$db" --cases "$cases" --seed "$seed" --now "$now" \
		2>"$tmp/gen.err" | tee "$tmp/gen.log" \
		|| { cat "$tmp/gen.err" >&2; fail "trogiup-gen failed"; }
	t1=$(date +%s.%N)
	{
		grep '^trogiup-gen:\|^done:\|^  network\|^  indexes\|^  analyze\|^  end to end' "$tmp/gen.log"
		awk -v a="$t0" -v b="$t1" 'BEGIN { printf "wall: %.0f s (init and generation)\n", b - a }'
		echo "size: $(du -h "$db" | cut -f1) ($(du -b "$db" | cut -f1) bytes) after generation"
	} >"$db.done.part"
	mv "$db.done.part" "$db.done"
	flock -u "$lock"
	echo "data:    $(grep '^wall:' "$db.done")"
}

# The key of a PostgreSQL copy: what decides its content beside the SQLite
# file, the PostgreSQL migrations and the copy itself.
pg_copy_key() {
	cat src/store/migrations/pg/*.sql src/store/store_copy*.c | sha1sum | cut -c1-8
}

# pg_copy_cached DB → DB.pg/ holds a cluster whose database `trogiup` is
# DB copied by `trogiup migrate-store`, then VACUUM ANALYZE (a COPY leaves
# no statistics); made once, marked DB.pg/done and DB.pg/key, and remade
# when DB's own mark is newer or the key (pg_copy_key) differs.  A copy
# made before the key was kept (no DB.pg/key) is remade only when a
# PostgreSQL migration is newer than it, as then.  The mark records how
# long the copy and the VACUUM took, and the size.
pg_copy_cached() {
	local db=$1 dir=$1.pg key t0 t1 t2
	key=$(pg_copy_key)
	if [ -f "$dir/done" ] && [ "$dir/done" -nt "$db.done" ]; then
		if [ -f "$dir/key" ]; then
			[ "$(cat "$dir/key")" = "$key" ] && return 0
		elif [ -z "$(find src/store/migrations/pg -newer "$dir/done" -name '*.sql')" ]; then
			return 0
		fi
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
	t2=$(date +%s.%N)
	pg_stop
	{
		awk -v a="$t0" -v b="$t1" -v c="$t2" \
			'BEGIN { printf "migrate-store: %.0f s, VACUUM ANALYZE: %.0f s\n", b - a, c - b }'
		{ grep 'rows copied and verified' "$tmp/migrate.log" || true; } | sed 's/^migrate-store: [^ ]* -> [^ ]* //'
		echo "size: $(du -sh "$dir/data" | cut -f1) of data directory"
	} >"$dir/done"
	echo "$key" >"$dir/key"
	echo "data:    $(head -n 1 "$dir/done")" >&2
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
