using System.Net;
using System.Net.Sockets;

namespace Gate.GitHub.Tests;

/// <summary>A TCP server on 127.0.0.1 that accepts every connection and resets it at once (RST, no answer).</summary>
internal sealed class ResettingServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _loop;
    private int _connections;

    public ResettingServer()
    {
        _listener.Start();
        BaseUrl = $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/api/v3/";
        _loop = Task.Run(async () =>
        {
            while (true)
            {
                Socket socket;
                try
                {
                    socket = await _listener.AcceptSocketAsync();
                }
                catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                {
                    return;
                }

                Interlocked.Increment(ref _connections);
                socket.LingerState = new LingerOption(enable: true, seconds: 0); // close with RST
                socket.Close();
            }
        });
    }

    public string BaseUrl { get; }

    public int Connections => Volatile.Read(ref _connections);

    public void Dispose()
    {
        _listener.Stop();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
