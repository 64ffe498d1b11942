FROM python:3.11-slim-bookworm

# WeasyPrint needs Pango (the PDFs' fonts ship in core/fonts); backup_drill needs pg_dump/pg_restore.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b postgresql-client \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY . .
# collectstatic needs settings that load: a throwaway key, only for this build step.
RUN DEBUG=0 SECRET_KEY=build-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz \
    python manage.py collectstatic --noinput
RUN useradd --create-home app && mkdir -p /data/private /data/backups && chown app /data/private /data/backups
USER app
EXPOSE 8000
# gunicorn believes X-Forwarded-Proto only from FORWARDED_ALLOW_IPS (its default: 127.0.0.1); compose sets
# the proxy's address. Never '*': see docs/security.md, "The proxy".
ENV FORWARDED_ALLOW_IPS=127.0.0.1
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000"]
