using System.Net.Sockets;
using Npgsql;

namespace Utilities.Host.Startup;

/// <summary>
/// PostgreSQL gone or restarting (ADR 27): the pool's idle connections were cut by the server (a restart
/// ends every session with 57P01), and Npgsql hands them out again one by one, each failing the
/// request that gets it. On the first such failure the pool is cleared, so the requests after it open
/// fresh connections, and the failed request answers 503 (try again) rather than 500.
/// </summary>
internal static class DatabaseOutage
{
    /// <summary>True when the exception says the connection to PostgreSQL is gone or refused, not that a statement was wrong.</summary>
    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // 57P01-03: the server shuts down, crashed, or is starting; 08: connection exceptions; 53300: too many connections.
                case PostgresException p:
                    return p.SqlState.StartsWith("57P", StringComparison.Ordinal) || p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState == "53300";
                case NpgsqlException { IsTransient: true }:
                case SocketException:
                    return true;
            }
        }

        return false;
    }

    /// <summary>Clears the pool when a request failed on a cut connection, and lets the failure go on to the error page (as 503).</summary>
    public static void UseDatabaseOutageRecovery(this WebApplication app) =>
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception e) when (Is(e))
            {
                context.RequestServices.GetRequiredService<NpgsqlDataSource>().Clear();
                throw;
            }
        });
}
