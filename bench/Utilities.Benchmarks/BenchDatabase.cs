using Npgsql;

namespace Utilities.Benchmarks;

internal static class BenchDatabase
{
    /// <summary>A new empty database on the bench server; its name.</summary>
    public static async Task<string> CreateAsync(string server)
    {
        var name = "bench_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection($"{server};Database=postgres");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"create database {name}", connection);
        await command.ExecuteNonQueryAsync();
        return name;
    }
}
