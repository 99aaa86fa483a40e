using System.Xml;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OData;
using Microsoft.OData.Edm;
using Microsoft.OData.Edm.Csdl;
using Utilities.Host.Platform.ApiClients;
using Utilities.Host.Tests.Infrastructure;

namespace Utilities.Host.Tests;

/// <summary>
/// Issue 11: the feed as a generic OData client reads it (Microsoft.OData.Core's CSDL and payload
/// readers, as Power BI's and Excel's do): $metadata parses into an EDM model with every entity set,
/// and a set is read page by page through its next links to the last row.
/// </summary>
public sealed class ODataClientTests(HostFixture host) : IClassFixture<HostFixture>
{
    private CancellationToken Cancel => TestContext.Current.CancellationToken;

    private sealed class ResponseMessage(HttpResponseMessage response, Stream body) : IODataResponseMessageAsync
    {
        public IEnumerable<KeyValuePair<string, string>> Headers =>
            response.Headers.Concat(response.Content.Headers).Select(h => new KeyValuePair<string, string>(h.Key, string.Join(",", h.Value)));

        public int StatusCode { get => (int)response.StatusCode; set => throw new NotSupportedException(); }

        public string? GetHeader(string headerName) => Headers.FirstOrDefault(h => string.Equals(h.Key, headerName, StringComparison.OrdinalIgnoreCase)).Value;

        public void SetHeader(string headerName, string headerValue) => throw new NotSupportedException();

        public Stream GetStream() => body;

        public Task<Stream> GetStreamAsync() => Task.FromResult(body);
    }

    [Fact]
    public async Task A_generic_client_reads_the_metadata_and_pages_through_a_set()
    {
        string key;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
            key = (await scope.ServiceProvider.GetRequiredService<ApiClientStore>().CreateAsync("odata client", ["contracts:read", "metering:read", "billing:read"], "test", Cancel)).Key;
        var http = host.Factory.CreateClient();
        http.DefaultRequestHeaders.Add("X-Api-Key", key);

        IEdmModel model;
        await using (var metadata = await http.GetStreamAsync("/odata/$metadata", Cancel))
        using (var xml = XmlReader.Create(metadata))
            model = CsdlReader.Parse(xml);
        var container = model.EntityContainer;
        foreach (var name in new[] { "Accounts", "Meters", "Readings", "Charges", "Balances", "PaymentAllocations" })
            Assert.NotNull(container.FindEntitySet(name));
        var accounts = container.FindEntitySet("Accounts");
        Assert.Contains(accounts.EntityType.Key(), p => p.Name == "Id");

        var rows = new List<ODataResource>();
        var pages = 0;
        Uri? next = new("/odata/Accounts?$orderby=Id", UriKind.Relative);
        while (next is not null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            request.Headers.Add("Prefer", "odata.maxpagesize=10");
            request.Headers.Add("Accept", "application/json;odata.metadata=minimal");
            using var response = await http.SendAsync(request, Cancel);
            response.EnsureSuccessStatusCode();
            await using var body = await response.Content.ReadAsStreamAsync(Cancel);
            var settings = new ODataMessageReaderSettings { BaseUri = new Uri(http.BaseAddress!, "/odata/") };
            using var reader = new ODataMessageReader(new ResponseMessage(response, body), settings, model);
            var feed = await reader.CreateODataResourceSetReaderAsync(accounts, accounts.EntityType);
            next = null;
            while (await feed.ReadAsync())
            {
                if (feed.State == ODataReaderState.ResourceEnd && feed.Item is ODataResource resource)
                    rows.Add(resource);
                if (feed.State == ODataReaderState.ResourceSetEnd && feed.Item is ODataResourceSet set)
                    next = set.NextPageLink;
            }

            pages++;
        }

        var count = await host.Database.ScalarAsync<long>("select count(*) from contracts.personal_accounts");
        Assert.Equal(count, rows.Count);
        Assert.Equal((int)Math.Ceiling(count / 10.0), pages);
        var ids = rows.Select(r => (long)r.Properties.OfType<ODataProperty>().Single(p => p.Name == "Id").Value).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(rows, r => Assert.False(string.IsNullOrEmpty((string)r.Properties.OfType<ODataProperty>().Single(p => p.Name == "Number").Value)));
    }
}
