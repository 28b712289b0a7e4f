# linear-classify: the interactive linear classification loss demo, served by Panel/Bokeh.
#
#   docker build -t linear-classify .
#   docker run -p 5006:5006 linear-classify
#
# Configuration is by environment variable (PORT, ADDRESS, ALLOW_WEBSOCKET_ORIGIN, NUM_PROCS,
# PREFIX, UNUSED_SESSION_LIFETIME_MS, REPLICA_ID); see the Docker section of README.md.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# tini as PID 1: it forwards SIGTERM to the whole process group (-g), so that `docker stop` shuts
# the server down at once, also with NUM_PROCS > 1, where the forking parent would ignore it as PID 1.
# The unprivileged user that runs the server is created here too: neither changes with the code.
# tini's version is not pinned (DL3008) on purpose: the python:3.11-slim tag moves from one Debian
# release to the next, each with its own tini package version, so an exact pin would break the build.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini \
    && apt-get clean \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 --user-group --shell /usr/sbin/nologin demo

WORKDIR /srv/linear-classify

# 1. Runtime dependencies only, read from pyproject.toml alone, so that a change to the code
#    reuses this layer. The build backend (build-system.requires) is installed too, so that the
#    editable install below needs no network and no build isolation. No test extras, no compilers:
#    every dependency ships binary wheels.
COPY pyproject.toml ./
RUN python -c "import tomllib; t = tomllib.load(open('pyproject.toml', 'rb')); print('\n'.join(t['project']['dependencies'] + t['build-system']['requires']))" > /tmp/requirements.txt \
    && pip install --no-cache-dir -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# 2. The application itself. The app serves static/ relative to its source tree, so the tree
#    stays in place and is installed in editable mode (dependencies are already present). The
#    files stay owned by root: the server only reads them.
COPY . .
RUN pip install --no-cache-dir --no-deps --no-build-isolation -e .

ENV PORT=5006 \
    ADDRESS=0.0.0.0 \
    NUM_PROCS=1 \
    PREFIX="" \
    UNUSED_SESSION_LIFETIME_MS=3000

USER 10001:10001
EXPOSE 5006

# Panel's liveness endpoint, fetched without curl (not present in the slim image).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os,sys,urllib.request; p=os.environ.get('PREFIX','').strip('/'); u='http://127.0.0.1:%s%s/liveness' % (os.environ.get('PORT','5006'), '/'+p if p else ''); sys.exit(0 if urllib.request.urlopen(u, timeout=4).status == 200 else 1)"]

ENTRYPOINT ["tini", "-g", "--"]
CMD ["linear-classify"]
