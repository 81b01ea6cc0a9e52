"""The ceiling: a bare Flask app answering a constant, served by the same gunicorn settings as the
real app (`gunicorn -c config/gunicorn.conf.py bench.load.ceiling:app` from the repository root,
or `--chdir bench/load ceiling:app`). Whatever the real pages cost beyond this is Jenjang's."""
from flask import Flask

app = Flask(__name__)


@app.route("/")
def constant():
    return "ok"
