"""JupyterHub for a class: each student logs in, gets a server of their own and lands on the student page.

Start it from the folder that should hold the hub's state (its database, cookie secret and the
proxy's pid file), with sclab, the ``course`` extra and jupyterhub installed in the same Python
environment, and configurable-http-proxy on ``PATH``::

    export SCLAB_STORE_URL=postgresql+psycopg://sclab:...@db.example.edu/sclab
    export SCLAB_HUB_PASSWORD='a class password of 8 or more characters'
    jupyterhub -f /path/to/deploy/jupyterhub/jupyterhub_config.py

A student opens ``http://<hub>:8000/``, logs in with any name and the class password, and is taken
to ``/user/<name>/voila/render/take_the_scale.ipynb``: Voila, running as a server extension inside
the student's own single-user server, renders the page with this package's offline template.
Every student's kernel gets ``$SCLAB_STORE_URL``, so all sends reach one shared store, and the
instructor's ``class_results`` page (``sclab serve`` on any machine that reaches the database)
counts them all. tests/e2e/test_jupyterhub.py starts this file with two students and checks that.

Settings read from the environment (the defaults suit a trial on one machine):

==========================  ==================================================================
``SCLAB_STORE_URL``         the class results store every student's kernel writes to (required)
``SCLAB_HUB_PASSWORD``      the shared class password, 8 characters or more (required)
``SCLAB_HUB_IP``            the address the hub listens on (default ``127.0.0.1``; the proxy's)
``SCLAB_HUB_PORT``          the port students open (default ``8000``)
``SCLAB_HUB_API_PORT``      the hub's own port, reached by the proxy and the servers (default ``8081``)
``SCLAB_PROXY_API_PORT``    configurable-http-proxy's API port (default ``8001``)
``SCLAB_PROXY_COMMAND``     the configurable-http-proxy program (default: the one on ``PATH``)
``SCLAB_HUB_NOTEBOOK_DIR``  the folder students' servers show (default: sclab's dashboards)
``SCLAB_HUB_HOME``          each student's home, ``{username}`` filled in (default ``/tmp/{username}``)
==========================  ==================================================================

What this file is and is not. The authenticator (one shared password, any user name) and the
spawner (every student's server a process of the hub's own Unix user, with no isolation) are
JupyterHub's built-in ones for a short trial; for a real class replace them with the university's
login (e.g. ``oauthenticator``) and an isolating spawner (``systemdspawner``, ``dockerspawner`` or
``kubespawner``), and add ``jupyterhub-idle-culler``. Each student's server is a full Jupyter server:
its owner can run code in it and read ``$SCLAB_STORE_URL``, so give students a database account
that can do no more than the store needs, and never put the instructor's key there.
"""

import os
import shutil
import sys

from sclab.classroom.serving import CULL_IDLE_SECONDS, voila_env
from sclab.resources import shipped

c = get_config()  # noqa: F821  (JupyterHub provides get_config when it loads this file)


def _setting(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if not value:
        raise SystemExit(f"jupyterhub_config.py: set ${name} (see the table at the top of this file)")
    return value


def _port(name: str, default: str) -> int:
    text = _setting(name, default)
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise SystemExit(f"jupyterhub_config.py: ${name} must be a port number 1-65535; got {text!r}")
    return int(text)


IP = _setting("SCLAB_HUB_IP", "127.0.0.1")
STUDENT_PAGE = "/voila/render/take_the_scale.ipynb"

# -- the hub and its proxy ---------------------------------------------------------------------
c.JupyterHub.bind_url = f"http://{IP}:{_port('SCLAB_HUB_PORT', '8000')}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{_port('SCLAB_HUB_API_PORT', '8081')}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{_port('SCLAB_PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.command = [
    _setting("SCLAB_PROXY_COMMAND", shutil.which("configurable-http-proxy") or "configurable-http-proxy")
]
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every student's server
# a student opening the page's address before their server runs has it started (JupyterHub's
# default is a page with a "Launch server" button)
c.JupyterHub.implicit_spawn_seconds = 0.5

# -- who may log in: any name with the class password ------------------------------------------
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = _setting("SCLAB_HUB_PASSWORD")
c.Authenticator.allow_all = True

# -- each student's server: the same Python as the hub, Voila inside, the student page first ---
c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = _setting("SCLAB_HUB_HOME", "/tmp/{username}")
c.Spawner.cmd = [sys.executable, "-m", "jupyterhub.singleuser"]  # so the kernels import sclab
c.Spawner.notebook_dir = _setting("SCLAB_HUB_NOTEBOOK_DIR", str(shipped("dashboards")))
c.Spawner.default_url = STUDENT_PAGE
c.Spawner.http_timeout = 120  # a busy machine starts a server slowly; the default is 30 s
c.Spawner.start_timeout = 120
_kernel_env = voila_env(store_url=_setting("SCLAB_STORE_URL"))  # the offline template on JUPYTER_PATH
c.Spawner.environment = {k: _kernel_env[k] for k in ("JUPYTER_PATH", "SCLAB_STORE_URL", "SCLAB_SERVED")}
c.Spawner.args = [
    # the same page settings as `sclab serve` (sclab.classroom.serving.voila_argv)
    "--VoilaConfiguration.template=sclab-offline",
    "--VoilaConfiguration.theme=light",
    "--VoilaConfiguration.show_tracebacks=False",
    "--VoilaConfiguration.strip_sources=True",
    "--VoilaExecutor.iopub_timeout=60",
    f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE_SECONDS}",
    "--MappingKernelManager.cull_interval=60",
    # Voila as a server extension has its page load MathJax from cdnjs.cloudflare.com unless both
    # settings are None, as standalone Voila (so `sclab serve`) has them; no dashboard needs MathJax,
    # and a page must not ask anything of a server outside the classroom
    '--ServerApp.tornado_settings={"mathjax_url": None, "mathjax_config": None}',
    "--ServerApp.terminals_enabled=False",
]
if os.geteuid() == 0:  # a trial as root (a CI container): every student's server runs as root too
    c.Spawner.args.append("--allow-root")
