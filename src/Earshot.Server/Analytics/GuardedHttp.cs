using System.Net;
using System.Net.Sockets;

namespace Earshot.Server.Analytics;

/// <summary>HTTP handlers for requests made on a user's behalf: DNS resolved here, every address vetted by
/// <see cref="AddressGuard"/>, the connection opened to the vetted address, and no automatic redirects.</summary>
public static class GuardedHttp
{
    public const string DownloadClient = "analytics-downloads";
    public const string CallbackClient = "analytics-callbacks";

    public static SocketsHttpHandler CreateHandler(AddressGuard guard) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectCallback = async (context, cancellationToken) =>
        {
            var addresses = await guard.ResolveAsync(context.DnsEndPoint.Host, cancellationToken);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(addresses.Select(a => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a).ToArray(), context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>True when the failure was the SSRF rule refusing the address (possibly after a redirect).</summary>
    public static bool IsRefused(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is AddressNotAllowedException)
                return true;
        }
        return false;
    }

    public static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;
}
