"""The shared Discord layer: the command tree and its error funnel, replies, buttons, admission."""
