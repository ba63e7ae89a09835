# Sourced by the benchmark scripts: the Python of the reference checks, the virtual environment
# `scripts/setup.sh --tests` makes from Debian's python3 (never the system Python, PEP 668).
#   python_with MODULE=REQUIREMENT ...   sets $python, pip-installing into the venv what it cannot import
python="${PERMITWATCH_PYTHON:-${PERMITWATCH_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/permitwatch/venv}/bin/python3}"
python_with() {
    local missing=()
    for pair in "$@"; do
        "$python" -c "import ${pair%%=*}" 2>/dev/null || missing+=("${pair#*=}")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        echo "installing ${missing[*]} into the reference checks' Python ($python)" >&2
        "$python" -m pip install --quiet --disable-pip-version-check "${missing[@]}"
    fi
}
