using Utilities.Contracts;
using Utilities.Platform.Identity;

namespace Utilities.Host.Web;

/// <summary>
/// A consumer's own write (any request but GET, HEAD, OPTIONS: a reading, a payment, an attached account, a
/// changed profile) forgets their cached dashboard before and after it runs (ADR 28), so the next dashboard
/// shows it and a dashboard read while it ran is not kept.
/// </summary>
internal static class CabinetCacheOnWrites
{
    public static IApplicationBuilder UseCabinetCacheOnWrites(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var method = context.Request.Method;
            var consumerId = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) ? null : context.User.ConsumerId();
            var cache = consumerId is null ? null : context.RequestServices.GetService<ICabinetCache>();
            if (cache is null)
            {
                await next(context);
                return;
            }

            cache.ForgetConsumer(consumerId!.Value);
            try
            {
                await next(context);
            }
            finally
            {
                cache.ForgetConsumer(consumerId.Value);
            }
        });
}
