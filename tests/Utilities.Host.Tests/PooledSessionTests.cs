using Npgsql;
using Utilities.Host.Startup;
using Utilities.Host.Tests.Infrastructure;
using Utilities.Platform.Data;

namespace Utilities.Host.Tests;

/// <summary>
/// ADR 28: the host's pool does not reset a returned connection, so what a session holds must be undone by its
/// user. One pooled connection (Maximum Pool Size=1) makes the next open the same session.
/// </summary>
public sealed class PooledSessionTests : IAsyncLifetime
{
    private TestDatabase database = null!;

    public async ValueTask InitializeAsync() => database = await TestDatabase.CreateAsync();

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await database.DisposeAsync();
    }

    [Fact]
    public void The_host_pool_does_not_reset_unless_the_connection_string_says_so()
    {
        using var plain = DatabaseBootstrap.CreateDataSource(database.ConnectionString);
        Assert.True(new NpgsqlConnectionStringBuilder(plain.ConnectionString).NoResetOnClose);
        using var named = DatabaseBootstrap.CreateDataSource(database.ConnectionString + ";No Reset On Close=false");
        Assert.False(new NpgsqlConnectionStringBuilder(named.ConnectionString).NoResetOnClose);
        // A value that merely contains the word (here the application name) does not count as naming the setting.
        using var word = DatabaseBootstrap.CreateDataSource(database.ConnectionString + ";Application Name=reset-tool");
        Assert.True(new NpgsqlConnectionStringBuilder(word.ConnectionString).NoResetOnClose);
    }

    [Fact]
    public async Task A_listener_closed_through_Listening_leaves_the_pooled_session_not_listening()
    {
        await using var source = DatabaseBootstrap.CreateDataSource(database.ConnectionString + ";Maximum Pool Size=1");

        await ListenAsync(source, close: Listening.CloseAsync);
        Assert.Equal(0L, await ChannelsAsync(source));

        // The control: closed without it, the next user of the pooled session is still listening (so the check can fail).
        await ListenAsync(source, close: c => c.DisposeAsync().AsTask());
        Assert.Equal(1L, await ChannelsAsync(source));
    }

    private static async Task ListenAsync(NpgsqlDataSource source, Func<NpgsqlConnection, Task> close)
    {
        var connection = await source.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using (var listen = new NpgsqlCommand("listen pooled_session_test", connection))
            await listen.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        await close(connection);
    }

    private static async Task<long> ChannelsAsync(NpgsqlDataSource source)
    {
        await using var connection = await source.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("select count(*) from pg_listening_channels()", connection);
        var count = (long)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
        await using (var unlisten = new NpgsqlCommand("unlisten *", connection))
            await unlisten.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        return count;
    }
}
