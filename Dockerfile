# One image for web, worker and beat (docker-compose.yml chooses the command). It runs as the unprivileged user
# `portal`; the only directory it writes is the media volume (/data/media).
FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 1000 portal \
    && useradd --system --uid 1000 --gid portal --home-dir /app --shell /usr/sbin/nologin portal \
    && mkdir -p /data/media && chown portal:portal /data/media
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir . && pip uninstall -y hubei-harmonious-labour || true
COPY . .
ENV DJANGO_SETTINGS_MODULE=config.settings PYTHONUNBUFFERED=1 MEDIA_ROOT=/data/media
RUN DJANGO_SECRET_KEY=build-only python manage.py collectstatic --noinput -v 0
USER portal:portal
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "-b", "0.0.0.0:8000", "-w", "3", "--timeout", "120", "--access-logfile", "-"]
