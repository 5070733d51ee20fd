using Earshot.Lab;

return args switch
{
    ["train-analytics", .. var rest] => await AnalyticsTraining.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: dotnet run -c Release --project tools/Earshot.Lab -- COMMAND

          train-analytics [--eval DIR] [--speechocean DIR] [--models DIR] [--out DIR] [--threads N] [--only MODELS] [--cache FILE]
                trains the speech, gender, arousal and emotions classifiers of the audio analytics jobs on the
                eval data's training splits (gender also on speechocean762's training split), prints their held-out
                figures and writes the weight files (default --eval ../shared/eval, --speechocean ../data/speechocean762,
                --models models, --out src/Earshot.Engines/Analytics/Models; --only gender retrains one of them)
        """);
    return 2;
}
