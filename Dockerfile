# The dashboard in a container: one Streamlit process on port 8501.
# Untested here (the build machine cannot pull base images); see docs/serving.md.
#   docker build -t ketamine-cost .
#   docker run --rm -p 127.0.0.1:8501:8501 ketamine-cost
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false

WORKDIR /app
COPY pyproject.toml README.md ./
COPY pricing ./pricing
RUN pip install '.[dashboard]'

RUN useradd --create-home --uid 10001 --user-group app
# Owned by root, run as app: the app cannot rewrite its own code or config.
COPY . .
USER app

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s \
    CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"
# 0.0.0.0 inside the container: what is reachable is decided by `docker run -p`.
CMD ["streamlit", "run", "dashboard.py", "--server.address", "0.0.0.0", "--server.port", "8501", \
     "--server.headless", "true", "--server.fileWatcherType", "none"]
