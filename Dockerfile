# One image for web, workers and the migration; docker-compose.yml picks the command.
FROM python:3.11-slim
WORKDIR /app
# pg_dump and pg_restore, for `flask backup` and `flask restore`.
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY gateway gateway
COPY menus menus
COPY workers workers
COPY migrations migrations
COPY gunicorn.conf.py .
RUN useradd --system sapa
USER sapa
EXPOSE 5000
# gunicorn reads ./gunicorn.conf.py; migrations run in the compose file's one-shot `migrate` service.
CMD ["gunicorn", "gateway:create_app()"]
