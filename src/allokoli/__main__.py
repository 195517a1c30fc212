from allokoli.cli import main

main()
