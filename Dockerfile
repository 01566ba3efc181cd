# The app image for docker-compose.yml (store: the Neo4j service).
FROM python:3.12-slim
WORKDIR /app
COPY requirements.lock pyproject.toml README.md ./
RUN pip install --no-cache-dir -r requirements.lock
COPY graph ./graph
COPY loaders ./loaders
COPY queries ./queries
COPY cli ./cli
COPY ui ./ui
COPY bench ./bench
COPY app.py ./
COPY app_pages ./app_pages
COPY .streamlit ./.streamlit
RUN pip install --no-cache-dir --no-deps -e .
EXPOSE 8501
CMD ["kg", "serve", "--host", "0.0.0.0", "--port", "8501"]
