using Npgsql;

namespace Utilities.Platform.Data;

/// <summary>
/// The host's pool does not reset a connection when it is returned (<c>No Reset On Close</c>, ADR 28): what a
/// connection's session holds must be undone by whoever set it. A LISTEN is: a pooled connection still listening
/// would hold the notification queue for a reader that never reads.
/// </summary>
public static class Listening
{
    /// <summary>Stops listening (best effort: a broken connection is not pooled again anyway) and closes the connection.</summary>
    public static async Task CloseAsync(NpgsqlConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        try
        {
            if (connection.FullState == System.Data.ConnectionState.Open)
            {
                await using var unlisten = new NpgsqlCommand("unlisten *", connection);
                await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
        {
            // The connection is broken: the pool discards it.
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }
}
