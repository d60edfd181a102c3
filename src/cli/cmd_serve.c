/*
 * cmd_serve.c — `trogiup serve --db PATH --listen 127.0.0.1:PORT`
 *
 * Opens a pool of store connections (one per server thread, so a request
 * never waits for one), starts the HTTP server and waits for SIGTERM or
 * SIGINT; then stops accepting, lets requests in flight finish and exits
 * 0.  Signals are blocked before any thread starts, so only this thread
 * receives them (sigwait).
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "api/import_engine.h"
#include "api/ip_limits.h"
#include "cli/cli.h"
#include "http/server.h"
#include "lib/arena.h"
#include "lib/log.h"
#include "lib/secret.h"
#include "store/store.h"

static const char serve_usage[] =
    "usage: trogiup serve --db PATH --listen HOST:PORT [options]\n"
    "\n"
    "  --db PATH             SQLite database made by `trogiup init`\n"
    "  --listen HOST:PORT    IPv4 address and port (127.0.0.1:8080)\n"
    "  --web DIR             built UI to serve (default web/dist if present)\n"
    "  --threads N           server threads (default: number of cores)\n"
    "  --session-idle SECS   end sessions unused this long (7200)\n"
    "  --session-max SECS    end sessions this old (43200)\n"
    "  --secure-cookies      mark cookies Secure (behind a TLS proxy)\n"
    "  --trust-proxy         the client address is X-Forwarded-For's last hop\n"
    "                        (behind a reverse proxy on this machine)\n"
    "  --login-ip-limit N/SECS  failed logins allowed from one address\n"
    "                        (30/300; 0: no limit)\n"
    "  --search-ip-limit N/SECS case and person searches from one address\n"
    "                        (120/60; 0: no limit)\n"
    "  --key-file PATH       key sealing restricted narratives (default: the\n"
    "                        file `trogiup init` made, DB.key)\n"
    "  --quiet               no access log lines\n";

static int parse_listen(const char *s, char host[64], uint16_t *port)
{
	const char *colon = strrchr(s, ':');
	if (colon == NULL || colon == s || (size_t)(colon - s) >= 64)
		return -1;
	char *end;
	long p = strtol(colon + 1, &end, 10);
	if (*end != '\0' || p <= 0 || p > 65535)
		return -1;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	*port = (uint16_t)p;
	return 0;
}

/* "N/SECS", or "0" for no limit (burst 0). */
static int parse_ip_limit(const char *s, struct rate_rule *out)
{
	if (strcmp(s, "0") == 0) {
		out->burst = 0;
		return 0;
	}
	return rate_rule_parse(s, out) ? 0 : -1;
}

static struct ip_limiter *limiter_of(const struct rate_rule *r)
{
	return r->burst > 0 ? ip_limiter_new(r) : NULL;
}

static int parse_seconds(const char *s, int64_t *out)
{
	char *end;
	long long v = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || v <= 0)
		return -1;
	*out = v;
	return 0;
}

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"db", required_argument, NULL, 'd'},
	    {"listen", required_argument, NULL, 'l'},
	    {"web", required_argument, NULL, 'w'},
	    {"threads", required_argument, NULL, 'T'},
	    {"session-idle", required_argument, NULL, 'i'},
	    {"session-max", required_argument, NULL, 'm'},
	    {"secure-cookies", no_argument, NULL, 's'},
	    {"quiet", no_argument, NULL, 'q'},
	    {"key-file", required_argument, NULL, 'k'},
	    {"trust-proxy", no_argument, NULL, 'P'},
	    {"login-ip-limit", required_argument, NULL, 'L'},
	    {"search-ip-limit", required_argument, NULL, 'S'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0}};
	struct server_config cfg = {0};
	const char *db = NULL, *listen = "127.0.0.1:8080", *key_file = NULL;
	/* static: the server threads read it until exit */
	static unsigned char seal_key[SECRET_KEY_BYTES];
	char host[64];
	cfg.threads = (int)sysconf(_SC_NPROCESSORS_ONLN);
	if (cfg.threads < 2)
		cfg.threads = 2;
	cfg.body_limit = 1024 * 1024;
	cfg.import_body_limit = 64 * 1024 * 1024;
	cfg.api.session = session_policy_default();
	struct rate_rule login_limit = {30, 300 * 1000},
	                 search_limit = {120, 60 * 1000};
	cfg.web_dir =
	    access("web/dist/index.html", R_OK) == 0 ? "web/dist" : NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'l': listen = optarg; break;
		case 'w': cfg.web_dir = optarg; break;
		case 'T':
			cfg.threads = atoi(optarg);
			if (cfg.threads < 1 || cfg.threads > 256)
				return cli_fail("--threads must be 1 to 256");
			break;
		case 'i':
			if (parse_seconds(optarg,
			                  &cfg.api.session.idle_seconds) != 0)
				return cli_fail("--session-idle must be a "
				                "number of seconds");
			break;
		case 'm':
			if (parse_seconds(
			        optarg, &cfg.api.session.absolute_seconds) != 0)
				return cli_fail("--session-max must be a "
				                "number of seconds");
			break;
		case 's': cfg.api.secure_cookies = true; break;
		case 'q': log_set_quiet(1); break;
		case 'k': key_file = optarg; break;
		case 'P': cfg.trust_proxy = true; break;
		case 'L':
			if (parse_ip_limit(optarg, &login_limit) != 0)
				return cli_fail(
				    "--login-ip-limit must be N/SECS "
				    "or 0");
			break;
		case 'S':
			if (parse_ip_limit(optarg, &search_limit) != 0)
				return cli_fail("--search-ip-limit must be "
				                "N/SECS or 0");
			break;
		case 'h': fputs(serve_usage, stdout); return 0;
		default: fputs(serve_usage, stderr); return 2;
		}
	}
	if (db == NULL || optind != argc) {
		fputs(serve_usage, stderr);
		return 2;
	}
	if (parse_listen(listen, host, &cfg.port) != 0)
		return cli_fail(
		    "--listen must be HOST:PORT, e.g. 127.0.0.1:8080");
	cfg.host = host;
	if (cfg.web_dir != NULL && access(cfg.web_dir, R_OK) != 0)
		return cli_fail("--web %s: no such directory", cfg.web_dir);

	/* Migrate once before the pool opens its connections. */
	struct store *st = cli_open_store(db);
	if (st == NULL)
		return 1;
	struct arena *a = arena_new();
	const char *tree = "2024";
	if (store_setting_get(st, a, "default_tree", &tree) != STORE_OK)
		tree = "2024";
	char default_tree[8];
	snprintf(default_tree, sizeof default_tree, "%s", tree);
	cfg.api.default_tree = default_tree;
	arena_free(a);
	int key_rc = cli_load_seal_key(st, key_file, seal_key);
	store_close(st);
	if (key_rc != 0)
		return 1;
	cfg.api.seal_key = seal_key;

	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	char *err = NULL;
	struct store_pool *pool = store_pool_open(db, cfg.threads, &err);
	if (pool == NULL) {
		cli_fail("%s", err ? err : "cannot open the database pool");
		free(err);
		return 1;
	}
	cfg.api.login_limiter = limiter_of(&login_limit);
	cfg.api.search_limiter = limiter_of(&search_limit);
	struct server *srv = server_start(&cfg, pool, &err);
	if (srv == NULL) {
		cli_fail("%s", err ? err : "cannot start the server");
		free(err);
		store_pool_close(pool);
		ip_limiter_free(cfg.api.login_limiter);
		ip_limiter_free(cfg.api.search_limiter);
		return 1;
	}
	log_info("msg=\"serving\" url=http://%s:%u db=%s threads=%d web=%s",
	         host, (unsigned)cfg.port, db, cfg.threads,
	         cfg.web_dir ? cfg.web_dir : "-");
	int sig = 0;
	sigwait(&sigs, &sig);
	log_info("msg=\"stopping\" signal=%d", sig);
	server_stop(srv);
	/* Running CSV imports roll back and record their end while their
	 * connections still exist. */
	imports_shutdown();
	store_pool_close(pool);
	ip_limiter_free(cfg.api.login_limiter);
	ip_limiter_free(cfg.api.search_limiter);
	return 0;
}
