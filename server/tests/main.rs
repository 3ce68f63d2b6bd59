//! The server binary's tests, as one binary (see `app/tests/main.rs` for
//! why): each module starts the real server as an operator would.

mod support;

mod access;
mod accounts;
mod bodies;
mod cart;
mod catalog_admin;
mod headers;
mod hostile_input;
mod logins;
mod orders;
mod product_images;
mod staff_two_factor;
mod startup;
