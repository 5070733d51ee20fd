using Earshot.Server.Streaming;

namespace Earshot.Server.Tests.Streaming;

public sealed class StreamLagTests
{
    /// <summary>A clock the test moves by hand, in seconds.</summary>
    private sealed class ManualClock : TimeProvider
    {
        public double Now { get; set; }
        public override long TimestampFrequency => 1_000_000;
        public override long GetTimestamp() => (long)(Now * TimestampFrequency);
        public long At(double seconds) => (long)(seconds * TimestampFrequency);
    }

    [Fact]
    public void AStreamThatKeepsUpStaysAtZero()
    {
        var clock = new ManualClock();
        var lag = new StreamLag(clock);
        for (var i = 0; i < 40; i++)
        {
            var start = clock.Now;
            clock.Now += 0.1; // 0.25 s of audio recognised in 0.1 s, then the client's next piece arrives 0.15 s later
            lag.Record(0.25, clock.At(start));
            clock.Now += 0.15;
        }
        Assert.Equal(0, lag.Seconds);
        Assert.Equal(10, lag.AudioSeconds, 6);
    }

    [Fact]
    public void AStreamRecognisedSlowerThanRealTimeFallsBehindByTheDifference()
    {
        var clock = new ManualClock();
        var lag = new StreamLag(clock);
        for (var i = 0; i < 10; i++)
        {
            var start = clock.Now;
            clock.Now += 0.35; // 0.25 s of audio takes 0.35 s, and the next piece is already waiting
            lag.Record(0.25, clock.At(start));
        }
        Assert.Equal(1.0, lag.Seconds, 6);

        clock.Now += 0.4; // the client paused: nothing was queued meanwhile
        Assert.Equal(0.6, lag.Seconds, 6);
        var resumed = clock.Now;
        clock.Now += 0.1;
        lag.Record(0.25, clock.At(resumed));
        Assert.Equal(0.45, lag.Seconds, 6);
    }

    [Fact]
    public void AClientSendingFasterThanRealTimeIsNotBehind()
    {
        var clock = new ManualClock();
        var lag = new StreamLag(clock);
        for (var i = 0; i < 100; i++)
        {
            var start = clock.Now;
            clock.Now += 0.05; // a file pushed as fast as the socket takes it, recognised at 0.2× real time
            lag.Record(0.25, clock.At(start));
        }
        Assert.Equal(0, lag.Seconds);
    }
}
