# One image for web and worker; docker-compose.yml picks the command.
FROM python:3.11-slim
WORKDIR /app
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
CMD ["sh", "-c", "flask --app gateway db upgrade && gunicorn --bind 0.0.0.0:5000 --workers 3 'gateway:create_app()'"]
