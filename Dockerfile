# syntax=docker/dockerfile:1
# Multi-stage, non-root image. One Dockerfile builds the worker (default) or the emulator:
#   docker build -t fanpass-worker .
#   docker build -t fanpass-emulator --build-arg PROJECT=FanPass.Emulator .
ARG PROJECT=FanPass.Worker

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG PROJECT
WORKDIR /src
# Restore first, from the project files only, so the layer is reused until a dependency changes.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/FanPass.Contracts/FanPass.Contracts.csproj src/FanPass.Contracts/
COPY src/FanPass.Worker/FanPass.Worker.csproj src/FanPass.Worker/
COPY src/FanPass.Emulator/FanPass.Emulator.csproj src/FanPass.Emulator/
RUN dotnet restore src/${PROJECT}/${PROJECT}.csproj
COPY src/ src/
RUN dotnet publish src/${PROJECT}/${PROJECT}.csproj -c Release -o /app --no-restore /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
ARG PROJECT
ENV PROJECT_DLL=${PROJECT}.dll \
    DOTNET_NOLOGO=1 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
WORKDIR /app
COPY --from=build /app ./
# The base image's unprivileged user (uid 1654).
USER $APP_UID
EXPOSE 8080
ENTRYPOINT ["sh", "-c", "exec dotnet \"$PROJECT_DLL\" \"$@\"", "--"]
