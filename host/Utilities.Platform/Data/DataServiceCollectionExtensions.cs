using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Utilities.Platform.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Registers a module's DbContext over the host's shared <see cref="NpgsqlDataSource"/> with
    /// snake_case names. The context maps tables that the module's migrations created; it never
    /// creates any. The options are built once (singleton): built per request they were a measurable share of a
    /// cached dashboard's time (bench cabinet-load, ADR 28); the context itself stays scoped.
    /// </summary>
    public static IServiceCollection AddModuleDbContext<TContext>(this IServiceCollection services)
        where TContext : DbContext =>
        services.AddDbContext<TContext>((sp, options) => options
            .UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>())
            .UseSnakeCaseNamingConvention(), ServiceLifetime.Scoped, ServiceLifetime.Singleton);
}
