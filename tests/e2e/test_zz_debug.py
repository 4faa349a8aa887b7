def test_dump(axe_watch):
    for k, f in axe_watch.checked.items():
        print(k.split(" ")[0], f.url, len(f.violations), [v["rule"] for v in f.violations])
