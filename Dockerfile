# The server, built from this repository. The embedded store is the default; docker-compose.yml
# runs it against Neo4j instead.
FROM golang:1.26-bookworm AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/server ./server

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/server /server
EXPOSE 8080
ENV ADDR=:8080
USER nonroot:nonroot
ENTRYPOINT ["/server"]
